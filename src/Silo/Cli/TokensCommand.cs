using System.CommandLine;

namespace Maimai.Silo.Cli;

/// <summary>`tokens create --user &lt;id&gt; [--name &lt;name&gt;]`: creates an API token and prints it, once.</summary>
public static class TokensCommand
{
    public static Command Create(string[] args)
    {
        var user = new Option<long>("--user") { Description = "The user id (from `users create`).", Required = true };
        var name = new Option<string>("--name") { Description = "A name to recognise the token by.", DefaultValueFactory = _ => "cli" };
        var create = new Command("create", "Create an API token and print it; only its hash is stored, so it cannot be shown again.") { user, name };
        create.TreatUnmatchedTokensAsErrors = false;
        create.SetAction((parse, ct) => CreateAsync(parse.GetValue(user), parse.GetValue(name) ?? "cli", args, Console.Out, Console.Error, ct));
        return new Command("tokens", "Manage API tokens.") { create };
    }

    internal static async Task<int> CreateAsync(long userId, string name, string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Trim().Length > 100)
        {
            await error.WriteLineAsync("--name must be 1 to 100 characters.");
            return 1;
        }

        var database = await CliStorage.OpenAsync(args, error, cancellationToken);
        if (database is null)
        {
            return 2;
        }

        var created = await UsersCommand.Store(database).CreateApiTokenAsync(userId, name.Trim(), cancellationToken);
        if (created is null)
        {
            await error.WriteLineAsync($"No user with id {userId}: create one with `users create --name <name>`.");
            return 1;
        }

        await output.WriteLineAsync(created.Plaintext);
        return 0;
    }
}
