using System.Reflection;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Template;

namespace Sluice.Functions;

/// <summary>
/// The routes this app's HTTP triggers answer, read once from their attributes: what the catch-all needs to tell a
/// wrong method (405) from an unknown path (404), as the Server's routing does.
/// </summary>
internal static class TriggerRoutes
{
    private static readonly (TemplateMatcher Route, string[] Verbs)[] Routes = typeof(TriggerRoutes).Assembly.GetTypes()
        .SelectMany(type => type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly))
        .SelectMany(method => method.GetParameters())
        .Select(parameter => parameter.GetCustomAttribute<HttpTriggerAttribute>())
        .OfType<HttpTriggerAttribute>()
        .Where(trigger => trigger.Route is not (null or FallbackFunctions.UnansweredRoute or FallbackFunctions.WelcomeRoute))
        .Select(trigger => (new TemplateMatcher(TemplateParser.Parse(trigger.Route!), []), trigger.Methods!.Select(m => m.ToUpperInvariant()).ToArray()))
        .ToArray();

    /// <summary>The verbs some trigger answers on <paramref name="path"/>, in a stable order; none if no trigger's route matches it.</summary>
    public static IReadOnlyList<string> VerbsFor(PathString path) =>
        Routes.Where(r => r.Route.TryMatch(path, [])).SelectMany(r => r.Verbs).Distinct().Order(StringComparer.Ordinal).ToList();
}
