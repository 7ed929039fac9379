namespace Maimai.Grpc.Transport;

/// <summary>The outcome of a call: a status code and a human-readable detail (sent as grpc-message).</summary>
public readonly record struct Status(StatusCode StatusCode, string Detail)
{
    /// <summary>OK with an empty detail.</summary>
    public static readonly Status DefaultSuccess = new(StatusCode.OK, "");

    /// <summary>Cancelled with an empty detail.</summary>
    public static readonly Status DefaultCancelled = new(StatusCode.Cancelled, "");

    public override string ToString() => $"Status(StatusCode=\"{StatusCode}\", Detail=\"{Detail}\")";
}
