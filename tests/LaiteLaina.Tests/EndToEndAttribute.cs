using NUnit.Framework.Interfaces;
using NUnit.Framework.Internal;

namespace LaiteLaina.Tests;

/// <summary>
/// Marks a suite that drives the whole service from outside (HTTP through the running host, Chromium, simulated tablets
/// through adb, nwipe on loop devices). A mutation run (scripts/mutation.sh) sets LAITELAINA_MUTATION_RUN and leaves these out: Stryker would run them again
/// for every mutant they touch, which made a run take hours, and the core files are pinned by their own tests.
/// Every other run, CI included, runs them.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = true)]
public sealed class EndToEndAttribute : NUnitAttribute, IApplyToTest
{
    public const string Variable = "LAITELAINA_MUTATION_RUN";

    public void ApplyToTest(Test test)
    {
        if (Environment.GetEnvironmentVariable(Variable) is not { Length: > 0 } || test.RunState == RunState.NotRunnable)
            return;
        test.RunState = RunState.Ignored;
        test.Properties.Set(PropertyNames.SkipReason, $"{Variable} is set: end-to-end suites are left out of mutation runs");
    }
}
