using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Sluice.Server;

namespace Sluice.Testing;

/// <summary>
/// What <see cref="SluiceHost"/> serves on its loopback port: which host's composition turns a request into a call
/// into Domain. The Server's own (<see cref="ServerApp"/>) unless the test assembly names another with
/// <see cref="SluiceHostShapeAttribute"/>, so one request suite runs unchanged against either production host.
/// </summary>
public interface ISluiceHostShape
{
    /// <summary>Adds the host's services (settings are already in <paramref name="builder"/>'s configuration).</summary>
    Task ConfigureAsync(WebApplicationBuilder builder);

    /// <summary>Maps the host's routes and middleware.</summary>
    void Map(WebApplication app);
}

/// <summary>Names the <see cref="ISluiceHostShape"/> (a type with a parameterless constructor) every <see cref="SluiceHost"/> of this test assembly takes.</summary>
[AttributeUsage(AttributeTargets.Assembly)]
public sealed class SluiceHostShapeAttribute(Type shape) : Attribute
{
    public Type Shape => shape;
}

internal static class SluiceHostShapes
{
    /// <summary>The shape the running test assembly names, or the Server's.</summary>
    public static ISluiceHostShape Current { get; } =
        Assembly.GetEntryAssembly()?.GetCustomAttribute<SluiceHostShapeAttribute>() is { } named
            ? (ISluiceHostShape)Activator.CreateInstance(named.Shape)!
            : new ServerShape();

    private sealed class ServerShape : ISluiceHostShape
    {
        public Task ConfigureAsync(WebApplicationBuilder builder)
        {
            ServerApp.Configure(builder);
            return Task.CompletedTask;
        }

        public void Map(WebApplication app) => ServerApp.Map(app);
    }
}
