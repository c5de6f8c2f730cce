using System.Diagnostics.CodeAnalysis;

// Allowed uses of banned APIs (src/BannedSymbols.txt) in the composition code, kept here rather than as a pragma in
// the registration file so that those files stay free to be reshaped; each says why the rule does not apply.

[assembly: SuppressMessage("ApiDesign", "RS0030:Do not use banned APIs",
    Scope = "member", Target = "~M:LaiteLaina.Storage.StorageExtensions.AddStorage(Microsoft.Extensions.Hosting.IHostApplicationBuilder,LaiteLaina.Storage.DataLocation)~Microsoft.Extensions.Hosting.IHostApplicationBuilder",
    Justification = "A DI factory is synchronous; it runs once, at start-up, on a thread with no synchronization context, before anything is served.")]
