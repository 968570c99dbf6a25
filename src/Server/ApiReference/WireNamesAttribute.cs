namespace Sluice.Server.ApiReference;

/// <summary>The property (or each item of it) is one of an enum's wire names (<see cref="Http.WireEnum"/>).</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class WireNamesAttribute(Type enumType) : Attribute
{
    public IReadOnlyList<string> Names { get; } =
        (IReadOnlyList<string>)typeof(Http.WireEnum).GetMethod(nameof(Http.WireEnum.Names))!.MakeGenericMethod(enumType).Invoke(null, null)!;
}
