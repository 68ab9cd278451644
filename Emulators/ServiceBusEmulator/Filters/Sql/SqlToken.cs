namespace ServiceBusEmulator.Filters.Sql;

internal readonly record struct SqlToken(SqlTokenKind Kind, string Text, int Position)
{
    public bool IsWord(string keyword) =>
        Kind == SqlTokenKind.Word && Text.Equals(keyword, StringComparison.OrdinalIgnoreCase);

    public bool IsSymbol(string symbol) => Kind == SqlTokenKind.Symbol && Text == symbol;
}
