using Maimai.Silo.Cli;

return await SiloCommandLine.RunAsync(args);
