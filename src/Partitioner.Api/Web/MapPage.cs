using Microsoft.Extensions.FileProviders;

namespace Partitioner.Api.Web;

/// <summary>
/// Serves the map page (wwwroot: index.html at /, its scripts, styles and the vendored map library). The folder is
/// found beside the content root (under `dotnet run`) or beside the service's own assembly (the build copies it there),
/// so the page is served whatever the working directory the service was started from.
/// </summary>
public static class MapPage
{
    public static WebApplication UseMapPage(this WebApplication app)
    {
        var root = Locate(app.Environment.WebRootPath, Path.Combine(AppContext.BaseDirectory, "wwwroot"));
        if (root is null)
        {
            app.Logger.LogWarning("The map page's files (wwwroot/index.html) were not found beside the content root or the service; / will answer 404.");
            return app;
        }
        var files = new PhysicalFileProvider(root);
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions { FileProvider = files });
        return app;
    }

    private static string? Locate(params string?[] candidates) =>
        candidates.FirstOrDefault(c => !string.IsNullOrEmpty(c) && File.Exists(Path.Combine(c, "index.html")));
}
