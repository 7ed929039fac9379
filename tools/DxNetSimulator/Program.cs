var app = WebApplication.CreateBuilder(args).Build();
app.MapGet("/", () => "DX NET simulator");
app.Run();
