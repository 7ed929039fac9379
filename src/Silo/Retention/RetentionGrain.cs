using Microsoft.Extensions.Options;

namespace Maimai.Silo.Retention;

/// <summary>
/// Runs <see cref="SnapshotThinning"/> on an Orleans reminder (durable in the reminder table of either provider),
/// so a restart or a lost silo does not skip or double a pass. A reminder left from a time thinning was on does
/// nothing and removes itself once Retention:Enabled is false.
/// </summary>
internal sealed class RetentionGrain(SnapshotThinning thinning, IOptions<RetentionOptions> options) : Grain, IRetentionGrain, IRemindable
{
    public const string ReminderName = "retention";

    public async Task ScheduleAsync()
    {
        var settings = options.Value;
        if (settings.Enabled)
        {
            await this.RegisterOrUpdateReminder(ReminderName, settings.Interval, settings.Interval);
        }
        else if (await this.GetReminder(ReminderName) is { } left)
        {
            await this.UnregisterReminder(left);
        }
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != ReminderName)
        {
            return;
        }

        if (!options.Value.Enabled)
        {
            await ScheduleAsync();
            return;
        }

        await thinning.RunAsync();
    }
}
