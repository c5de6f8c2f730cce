namespace LaiteLaina.Tests;

/// <summary>
/// The service watches adb by default. Tests that start the service for other reasons (the API tests) must not
/// start an adb server on the default port 5037, so provisioning is off for this test run unless a test turns it
/// on with its own private adb server (see Provisioning/ProvisioningTest).
/// </summary>
[SetUpFixture]
public sealed class ProvisioningOffByDefault
{
    [OneTimeSetUp]
    public void TurnOff() => Environment.SetEnvironmentVariable("Provisioning__Enabled", "false");

    [OneTimeTearDown]
    public void Restore() => Environment.SetEnvironmentVariable("Provisioning__Enabled", null);
}
