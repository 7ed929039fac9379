using System.CommandLine;
using Maimai.Silo.Demo;
using Maimai.Silo.Hosting;

namespace Maimai.Silo.Cli;

/// <summary>
/// The executable's verbs. With no verb it serves; each verb lives in its own file in this folder.
/// </summary>
public static class SiloCommandLine
{
    public static async Task<int> RunAsync(string[] args)
    {
        var root = new RootCommand("maimai DX score tracker: serves the API and admin site, or runs a maintenance verb.")
        {
            TreatUnmatchedTokensAsErrors = false,
        };

        // Serving is the default, so `dotnet run --project src/Silo` needs no verb; unmatched tokens
        // (--urls, --Storage:Provider=...) pass through to ASP.NET Core configuration.
        var demo = new Option<bool>("--demo") { Description = "Run against an in-process simulated DX NET, on data/demo.db, with a demo user." };
        root.Options.Add(demo);
        root.SetAction((parse, ct) => parse.GetValue(demo)
            ? DemoMode.RunAsync([.. args.Where(a => a != "--demo")], ct)
            : SiloHost.RunAsync(args, ct));
        root.Subcommands.Add(SongsCommand.Create(args));
        root.Subcommands.Add(ParseCommand.Create());
        root.Subcommands.Add(RatingCommand.Create());
        root.Subcommands.Add(UsersCommand.Create(args));
        root.Subcommands.Add(TokensCommand.Create(args));
        root.Subcommands.Add(CheckConsistencyCommand.Create(args));

        return await root.Parse(args).InvokeAsync();
    }
}
