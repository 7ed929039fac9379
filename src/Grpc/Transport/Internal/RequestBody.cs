using System.IO.Pipelines;

namespace Maimai.Grpc.Transport.Internal;

/// <summary>
/// The request body, read so that no way of ending a call leaves it mid-read. Kestrel's HTTP/1.x body reader
/// (Http1ContentLengthMessageBody.ReadAsyncInternal) marks itself reading before it awaits the connection and clears
/// the mark only on data or an aborted connection: a read ended by its CancellationToken keeps the mark, and when the
/// request delegate returns Kestrel's drain fails with "Reading is already in progress"
/// (RequestBodyDrainBodyReaderInvalidState, logged at Error) and closes the connection (dotnet/aspnetcore#17840).
/// So over HTTP/1.x a token is never handed to the body: it calls CancelPendingRead instead, and the canceled result
/// is advanced before cancellation is thrown. HTTP/2 and HTTP/3 bodies keep no such mark and take the token as is.
/// </summary>
internal sealed class RequestBody(PipeReader reader, bool cancelsByPendingRead)
{
    private volatile bool _abandoned;

    /// <summary>Reads the body; throws <see cref="OperationCanceledException"/> with nothing left in progress.</summary>
    public ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken)
    {
        ThrowIfCancelled(cancellationToken);

        // A read that completes at once needs no cancellation registration (the common unary case). Not TryRead:
        // it returns bytes already examined, so a loop waiting for the rest of a frame would spin.
        var read = reader.ReadAsync(cancelsByPendingRead ? CancellationToken.None : cancellationToken);
        return read.IsCompletedSuccessfully ? new ValueTask<ReadResult>(Observe(read.Result, cancellationToken)) : WaitAsync(read, cancellationToken);
    }

    public void AdvanceTo(SequencePosition consumed) => reader.AdvanceTo(consumed);

    public void AdvanceTo(SequencePosition consumed, SequencePosition examined) => reader.AdvanceTo(consumed, examined);

    /// <summary>
    /// Ends a read the handler left waiting when its call ended: the read completes with
    /// <see cref="OperationCanceledException"/> after advancing, and every later read throws it at once.
    /// </summary>
    public void Abandon()
    {
        _abandoned = true;
        CancelPendingRead();
    }

    // A token cancelled before the registration runs its callback at once, so the read cannot miss it.
    private async ValueTask<ReadResult> WaitAsync(ValueTask<ReadResult> read, CancellationToken cancellationToken)
    {
        ReadResult result;
        using (cancelsByPendingRead ? cancellationToken.UnsafeRegister(static s => ((RequestBody)s!).CancelPendingRead(), this) : default)
        {
            result = await read;
        }

        return Observe(result, cancellationToken);
    }

    private void CancelPendingRead()
    {
        try
        {
            reader.CancelPendingRead();
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or ObjectDisposedException or OperationCanceledException)
        {
            // Seen over HTTP/2: cancelling ran the waiting read's continuation inline and rethrew the body's own failure
            // (a client reset) out of the token's callback. The waiting read reports that failure itself.
        }
    }

    // A canceled result that nobody here asked for (a token that fired just after an earlier read, leaving the
    // cancel flag set) still carries good data and is returned as it is.
    private ReadResult Observe(in ReadResult result, CancellationToken cancellationToken)
    {
        if (result.IsCanceled && (_abandoned || cancellationToken.IsCancellationRequested))
        {
            // Examined up to the end: always at or past the last examined position, which the pipe requires.
            reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
            ThrowIfCancelled(cancellationToken);
            throw new OperationCanceledException("The call ended while its request stream was being read.");
        }

        return result;
    }

    private void ThrowIfCancelled(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (_abandoned)
        {
            throw new OperationCanceledException("The call ended while its request stream was being read.");
        }
    }
}
