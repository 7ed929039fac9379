using Microsoft.Extensions.Options;

namespace Maimai.Silo.Grains.Internal;

/// <summary>Refuses option values that would stall or disable the runtime, naming each bad setting.</summary>
internal sealed class GrainRuntimeOptionsValidator : IValidateOptions<GrainRuntimeOptions>
{
    public ValidateOptionsResult Validate(string? name, GrainRuntimeOptions options)
    {
        List<string> failures = [];
        Positive(options.CollectionAge, "Grains:CollectionAge", failures);
        Positive(options.CollectionScanInterval, "Grains:CollectionScanInterval", failures);
        Positive(options.DrainTimeout, "Grains:DrainTimeout", failures);
        Positive(options.DeactivationTimeout, "Grains:DeactivationTimeout", failures);
        if (options.MaxActivations < 1)
        {
            failures.Add($"Grains:MaxActivations must be at least 1 (was {options.MaxActivations}).");
        }

        if (options.MaxMailboxDepth < 1)
        {
            failures.Add($"Grains:MaxMailboxDepth must be at least 1 (was {options.MaxMailboxDepth}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Positive(TimeSpan value, string setting, List<string> failures)
    {
        if (value <= TimeSpan.Zero || value > TimeSpan.FromDays(24))
        {
            failures.Add($"{setting} must be more than zero and at most 24 days (was {value}).");
        }
    }
}
