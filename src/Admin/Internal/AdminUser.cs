using System.Globalization;
using System.Security.Claims;
using Maimai.Core.Accounts;

namespace Maimai.Admin.Internal;

/// <summary>The signed-in admin as admin_audit names them.</summary>
internal static class AdminUser
{
    public static AuditActor Actor(ClaimsPrincipal user) =>
        AuditActor.Admin(long.Parse(user.FindFirstValue(ClaimTypes.NameIdentifier) ?? throw new InvalidOperationException("An admin page ran without a signed-in user."), NumberStyles.None, CultureInfo.InvariantCulture));
}
