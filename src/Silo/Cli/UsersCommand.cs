using System.CommandLine;
using Maimai.Core.Accounts;
using Maimai.Silo.Accounts;
using Maimai.Silo.Storage;
using Maimai.Silo.Storage.Users;

namespace Maimai.Silo.Cli;

/// <summary>
/// `users create --name &lt;display name&gt; [--admin]`: adds a user without Discord (until Discord login exists) and
/// prints its id. `users grant-admin|revoke-admin --user &lt;id&gt;` sets the admin role (users.is_admin; Admins:DiscordIds
/// in the configuration makes admins too). `users delete --user &lt;id&gt;` deletes a user with everything they own, audited.
/// </summary>
public static class UsersCommand
{
    public static Command Create(string[] args)
    {
        var name = new Option<string>("--name") { Description = "The display name.", Required = true };
        var admin = new Option<bool>("--admin") { Description = "Let the user use the admin pages." };
        var create = new Command("create", "Add a user and print its id.") { name, admin };
        create.TreatUnmatchedTokensAsErrors = false;
        create.SetAction((parse, ct) => CreateAsync(parse.GetRequiredValue(name), parse.GetValue(admin), args, Console.Out, Console.Error, ct));
        return new Command("users", "Manage users.")
        {
            create,
            UserVerb("grant-admin", "Give a user the admin role.", (user, ct) => SetAdminAsync(user, true, args, Console.Out, Console.Error, ct)),
            UserVerb("revoke-admin", "Take the admin role from a user (API tokens stop carrying it within ApiTokenCache:Duration).",
                (user, ct) => SetAdminAsync(user, false, args, Console.Out, Console.Error, ct)),
            UserVerb("delete", "Delete a user with every row that belongs to them (refused while a fetch of theirs runs).",
                (user, ct) => DeleteAsync(user, args, Console.Out, Console.Error, ct)),
        };
    }

    internal static async Task<int> SetAdminAsync(long userId, bool isAdmin, string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        await using var database = await CliStorage.OpenAsync(args, error, cancellationToken);
        if (database is null)
        {
            return 2;
        }

        if (!await new UserRepository(database).SetAdminAsync(userId, isAdmin, cancellationToken))
        {
            await error.WriteLineAsync($"No user with id {userId}.");
            return 1;
        }

        await output.WriteLineAsync(isAdmin ? $"User {userId} is an admin." : $"User {userId} is no longer an admin (unless Admins:DiscordIds lists them).");
        return 0;
    }

    internal static async Task<int> DeleteAsync(long userId, string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        await using var database = await CliStorage.OpenAsync(args, error, cancellationToken);
        if (database is null)
        {
            return 2;
        }

        switch (await new UserDeletionRepository(database).DeleteAsync(userId, AuditActor.Cli, DateTimeOffset.UtcNow, cancellationToken))
        {
            case AccountDeletion.Deleted:
                await output.WriteLineAsync($"User {userId} and everything they owned are deleted.");
                return 0;
            case AccountDeletion.FetchRunning:
                await error.WriteLineAsync($"A fetch of user {userId} is running; try again when it ends. Nothing was deleted.");
                return 1;
            default:
                await error.WriteLineAsync($"No user with id {userId}.");
                return 1;
        }
    }

    private static Command UserVerb(string name, string description, Func<long, CancellationToken, Task<int>> run)
    {
        var user = new Option<long>("--user") { Description = "The user id.", Required = true };
        var verb = new Command(name, description) { user };
        verb.TreatUnmatchedTokensAsErrors = false;
        verb.SetAction((parse, ct) => run(parse.GetValue(user), ct));
        return verb;
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
