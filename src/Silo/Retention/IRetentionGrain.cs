namespace Maimai.Silo.Retention;

/// <summary>
/// The one retention grain (key 0): owns the "retention" reminder, so thinning runs once per interval in the whole
/// cluster, on whichever silo Orleans places it.
/// </summary>
public interface IRetentionGrain : IGrainWithIntegerKey
{
    /// <summary>Registers the reminder when Retention:Enabled is true, or removes it when false.</summary>
    Task ScheduleAsync();
}
