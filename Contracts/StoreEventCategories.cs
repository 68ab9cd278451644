namespace Contracts;

/// <summary>The product categories a store sells; an event with any other category is bad.</summary>
public static class StoreEventCategories
{
    public static IReadOnlyList<string> All { get; } =
    [
        "Books", "Cables", "Camera", "Furniture", "Games", "Groceries", "Laptops", "Mobiles",
        "Monitors", "Notebooks", "Printers", "Shoes", "Speakers", "Stationery", "Tablets", "Toys",
    ];

    private static readonly HashSet<string> Known = new(All, StringComparer.Ordinal);

    public static bool IsKnown(string? category) => category is not null && Known.Contains(category);
}
