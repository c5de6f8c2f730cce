using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace LaiteLaina.Tests.Web;

/// <summary>
/// The password work factor of the web tests' hosts and of the users they add: 1 000 iterations of Identity's PBKDF2
/// instead of 100 000. At 100 000 every user a test adds or signs in cost 0.1 s of CPU, a fifth of the web tests' time;
/// the hash format and its check are the same, and SignInTests keeps the product's own work factor.
/// </summary>
public static class TestPasswords
{
    public static IOptions<PasswordHasherOptions> Hashing { get; } = Options.Create(new PasswordHasherOptions { IterationCount = 1_000 });
}
