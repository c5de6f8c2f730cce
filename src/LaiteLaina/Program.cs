using LaiteLaina.Cli;

// One executable: `laitelaina serve` (the default) runs the service; every other verb is the CLI over the same code.
return await CliApp.RunAsync(args);
