namespace ServiceBusEmulator.Filters.Sql;

internal enum SqlTokenKind
{
    Word,
    QuotedIdentifier,
    Integer,
    Decimal,
    String,
    Symbol,
    End,
}
