using ServiceBusEmulator.Configuration;

namespace ServiceBusEmulator.Administration;

/// <summary>Azure's naming rules for entities created over HTTP (the same limits Config.json applies).</summary>
internal static class EntityNames
{
    private static readonly char[] Reserved = ['@', '?', '#', '*', '\\'];

    public static void CheckEntityName(string name)
    {
        if (name.Length is 0 or > EntityLimits.MaxEntityNameLength || name.StartsWith('/') || name.EndsWith('/')
            || name.Contains('$', StringComparison.Ordinal) || name.IndexOfAny(Reserved) >= 0)
        {
            throw AdministrationException.BadRequest(
                $"'{name}' is not a valid entity name: 1-{EntityLimits.MaxEntityNameLength} characters, no leading or trailing '/', none of $ @ ? # * \\.");
        }
    }

    public static void CheckSubscriptionName(string name) => CheckSegment(name, "subscription");

    public static void CheckRuleName(string name) => CheckSegment(name, "rule");

    private static void CheckSegment(string name, string what)
    {
        // $Default is the one '$' name allowed: it is the rule every subscription starts with.
        if (name.Length is 0 or > EntityLimits.MaxSubscriptionNameLength || name.Contains('/', StringComparison.Ordinal)
            || name.IndexOfAny(Reserved) >= 0 || (name.Contains('$', StringComparison.Ordinal) && name != RuleDefinition.DefaultRuleName))
        {
            throw AdministrationException.BadRequest(
                $"'{name}' is not a valid {what} name: 1-{EntityLimits.MaxSubscriptionNameLength} characters, none of / $ @ ? # * \\.");
        }
    }
}
