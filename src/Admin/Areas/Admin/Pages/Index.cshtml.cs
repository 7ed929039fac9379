using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Maimai.Admin.Areas.Admin.Pages;

/// <summary>The admin home: where each part is.</summary>
public sealed class IndexModel : PageModel;
