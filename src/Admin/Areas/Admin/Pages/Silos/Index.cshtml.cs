using Maimai.Core.Cluster;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maimai.Admin.Areas.Admin.Pages.Silos;

/// <summary>The cluster's silos as its membership knows them: status, address, start and last sign of life.</summary>
public sealed class IndexModel(ISiloDirectory silos) : PageModel
{
    public IReadOnlyList<SiloListing> Silos { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) => Silos = await silos.ListAsync(cancellationToken);
}
