namespace Contracts.Validation;

/// <summary>The outcome of <see cref="StoreEventValidator.Validate"/>: the accepted message, or every reason it is bad.</summary>
public sealed class StoreEventValidationResult
{
    private StoreEventValidationResult(StoreEventMessage? message, IReadOnlyList<string> problems)
    {
        Message = message;
        Problems = problems;
    }

    /// <summary>Set when the event is valid.</summary>
    public StoreEventMessage? Message { get; }

    /// <summary>One sentence per defect, each naming the field (empty when valid).</summary>
    public IReadOnlyList<string> Problems { get; }

    public bool IsValid => Message is not null;

    /// <summary>All problems in one line, fit for a dead-letter reason.</summary>
    public string Reason => string.Join("; ", Problems);

    internal static StoreEventValidationResult Valid(StoreEventMessage message) => new(message, []);

    internal static StoreEventValidationResult Invalid(IReadOnlyList<string> problems) => new(null, problems);
}
