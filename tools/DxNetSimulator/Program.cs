using System.Globalization;
using Maimai.Core.Game;
using Maimai.DxNetSimulator;

// Standalone: dotnet run --project tools/DxNetSimulator -- --urls http://127.0.0.1:5080 [--region jp] [--seed 7]
var options = new DxNetSimulatorOptions { Url = "http://127.0.0.1:5080", LogToConsole = true };
for (var i = 0; i < args.Length; i++)
{
    var value = i + 1 < args.Length ? args[i + 1] : null;
    switch (args[i])
    {
        case "--urls" when value is not null:
            options.Url = value.Split(';')[0];
            i++;
            break;
        case "--region" when RegionNames.TryParse(value, out var region):
            options.Region = region;
            i++;
            break;
        case "--seed" when int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seed):
            options.Seed = seed;
            i++;
            break;
        case "--songs" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var songs):
            options.SongCount = songs;
            i++;
            break;
        default:
            Console.Error.WriteLine($"Unknown or incomplete argument '{args[i]}'.");
            Console.Error.WriteLine("Usage: DxNetSimulator [--urls http://127.0.0.1:5080] [--region intl|jp] [--seed N] [--songs N]");
            return 2;
    }
}

try
{
    await using var simulator = await DxNetSimulatorHost.StartAsync(options);
    Console.WriteLine($"DX NET simulator ({simulator.Region.ToName()}) at {simulator.SiteUrl}");
    Console.WriteLine($"  userId cookie: {simulator.Sessions.Current}");
    if (simulator.Region == Region.Intl)
    {
        Console.WriteLine($"  clal cookie:   {simulator.Sessions.ClalToken}  (login: {simulator.LoginUrl})");
    }

    Console.WriteLine($"  control API:   {simulator.BaseUrl}_sim/state");
    await simulator.WaitForShutdownAsync();
    return 0;
}
catch (Exception e) when (e is ArgumentException or IOException)
{
    Console.Error.WriteLine($"Could not start the simulator: {e.Message}");
    return 1;
}
