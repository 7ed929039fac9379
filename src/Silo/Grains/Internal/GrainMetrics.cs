using System.Diagnostics.Metrics;

namespace Maimai.Silo.Grains.Internal;

/// <summary>The "Maimai.Grains" meter: activations, mailbox depth, queue wait, turn duration and rejections, tagged by grain type.</summary>
internal sealed class GrainMetrics
{
    public const string MeterName = "Maimai.Grains";

    private readonly UpDownCounter<long> activations;
    private readonly UpDownCounter<long> mailboxDepth;
    private readonly Histogram<double> queueWait;
    private readonly Histogram<double> turnDuration;
    private readonly Counter<long> rejections;

    public GrainMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        activations = meter.CreateUpDownCounter<long>("maimai.grains.activations", "{activation}", "Grain activations alive.");
        mailboxDepth = meter.CreateUpDownCounter<long>("maimai.grains.mailbox.depth", "{message}", "Calls queued in mailboxes, not yet started.");
        queueWait = meter.CreateHistogram<double>("maimai.grains.queue.wait", "ms", "Time a call waited in its mailbox before its turn began.");
        turnDuration = meter.CreateHistogram<double>("maimai.grains.turn.duration", "ms", "Time a turn ran.");
        rejections = meter.CreateCounter<long>("maimai.grains.rejections", "{call}", "Calls refused: activation_limit, mailbox_full, deadline or stopping.");
    }

    public void ActivationsChanged(long delta, string grainType) => activations.Add(delta, Tag(grainType));

    public void MailboxDepthChanged(long delta, string grainType) => mailboxDepth.Add(delta, Tag(grainType));

    public void QueueWait(TimeSpan wait, string grainType) => queueWait.Record(wait.TotalMilliseconds, Tag(grainType));

    public void TurnDuration(TimeSpan duration, string grainType) => turnDuration.Record(duration.TotalMilliseconds, Tag(grainType));

    public void Rejected(string reason, string grainType) =>
        rejections.Add(1, new KeyValuePair<string, object?>("reason", reason), Tag(grainType));

    private static KeyValuePair<string, object?> Tag(string grainType) => new("grain.type", grainType);
}
