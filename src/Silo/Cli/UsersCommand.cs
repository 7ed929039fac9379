using System.CommandLine;
using Maimai.Silo.Accounts;
using Maimai.Silo.Storage;
using Maimai.Silo.Storage.Users;

namespace Maimai.Silo.Cli;

/// <summary>`users create --name &lt;display name&gt; [--admin]`: adds a user without Discord (until Discord login exists) and prints its id.</summary>
public static class UsersCommand
{
    public static Command Create(string[] args)
    {
        var name = new Option<string>("--name") { Description = "The display name.", Required = true };
        var admin = new Option<bool>("--admin") { Description = "Let the user use the admin pages." };
        var create = new Command("create", "Add a user and print its id.") { name, admin };
        create.TreatUnmatchedTokensAsErrors = false;
        create.SetAction((parse, ct) => CreateAsync(parse.GetRequiredValue(name), parse.GetValue(admin), args, Console.Out, Console.Error, ct));
        return new Command("users", "Manage users.") { create };
    }

    internal static async Task<int> CreateAsync(string name, bool admin, string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
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

        var account = await Store(database).CreateLocalUserAsync(name, admin, cancellationToken);
        await output.WriteLineAsync(account.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return 0;
    }

    internal static AccountStore Store(Database database) => new(new UserRepository(database), new ApiTokenRepository(database), TimeProvider.System);
}
