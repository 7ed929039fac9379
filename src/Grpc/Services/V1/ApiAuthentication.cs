using Maimai.Core.Accounts;
using Maimai.Grpc.Transport;

namespace Maimai.Grpc.Services.V1;

/// <summary>
/// Resolves the caller of a maimai.v1 call from `authorization: Bearer &lt;api token&gt;`. Every handler method
/// calls it first, once; the transport has no interceptors, and the service tests enumerate every rpc of the
/// contract without a token to prove none skips it.
/// </summary>
public sealed class ApiAuthentication(IAccountStore accounts)
{
    private const string Scheme = "Bearer ";

    /// <summary>The caller, or UNAUTHENTICATED (ErrorInfo API_TOKEN_MISSING or API_TOKEN_INVALID).</summary>
    public async Task<ApiCaller> AuthenticateAsync(ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var header = context.RequestHeaders.GetValue("authorization");
        if (string.IsNullOrWhiteSpace(header))
        {
            throw ApiErrors.Unauthenticated(tokenPresent: false);
        }

        if (!header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            throw ApiErrors.Unauthenticated(tokenPresent: true);
        }

        var caller = await accounts.AuthenticateAsync(header[Scheme.Length..].Trim(), context.CancellationToken);
        return caller ?? throw ApiErrors.Unauthenticated(tokenPresent: true);
    }
}
