using System.Text;
using Contracts;
using Contracts.Validation;
using Producer.Generation;

namespace Producer.Tests;

public class StoreEventGeneratorTests
{
    private static readonly TimeProvider FixedClock = new FixedTimeProvider(new DateTimeOffset(2026, 11, 21, 6, 0, 0, TimeSpan.Zero));

    private static IReadOnlyList<GeneratedStoreEvent> Generate(int count, StoreEventGeneratorOptions? options = null) =>
        new StoreEventGenerator(options ?? new StoreEventGeneratorOptions { Seed = 42 }, FixedClock).Generate(count);

    [Fact]
    public void About_one_event_in_four_is_bad_by_default()
    {
        var events = Generate(4000);

        var badShare = events.Count(e => e.IsBad) / 4000.0;

        Assert.InRange(badShare, 0.22, 0.28);
    }

    [Fact]
    public void Every_event_marked_bad_fails_validation_and_every_good_one_passes()
    {
        foreach (var generated in Generate(2000))
        {
            var result = StoreEventValidator.Validate(generated.EventType, generated.Body);
            Assert.True(result.IsValid != generated.IsBad, $"{generated.Defect ?? "good event"}: {result.Reason}");
        }
    }

    [Fact]
    public void Bad_events_cover_every_kind_of_defect()
    {
        var defects = Generate(2000).Where(e => e.IsBad).Select(e => e.Defect!.EndsWith(" removed", StringComparison.Ordinal) ? "field removed" : e.Defect).ToHashSet();

        Assert.Equal(
            ["discount outside 0-100", "empty variant", "field removed", "negative price", "non-positive qty on a sale", "unknown category", "unparseable ts"],
            defects.Order());
    }

    [Fact]
    public void Share_of_bad_events_is_configurable()
    {
        Assert.DoesNotContain(Generate(500, new() { Seed = 1, BadEventShare = 0 }), e => e.IsBad);
        Assert.All(Generate(500, new() { Seed = 1, BadEventShare = 1 }), e => Assert.True(e.IsBad));
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public void Share_outside_zero_to_one_is_refused(double share)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new StoreEventGenerator(new() { BadEventShare = share }, FixedClock));
    }

    [Fact]
    public void Same_seed_repeats_the_run_and_another_seed_does_not()
    {
        var first = Generate(200, new() { Seed = 7 }).Select(e => Encoding.UTF8.GetString(e.Body.Span));
        var again = Generate(200, new() { Seed = 7 }).Select(e => Encoding.UTF8.GetString(e.Body.Span));
        var other = Generate(200, new() { Seed = 8 }).Select(e => Encoding.UTF8.GetString(e.Body.Span));

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public void Unseeded_runs_differ()
    {
        var first = new StoreEventGenerator(new(), FixedClock).Generate(20).Select(e => e.Id);
        var second = new StoreEventGenerator(new(), FixedClock).Generate(20).Select(e => e.Id);

        Assert.NotEqual(first, second);
    }

    [Fact]
    public void Events_are_a_realistic_mix_of_stores_categories_and_types()
    {
        var good = Generate(3000).Where(e => !e.IsBad)
            .Select(e => StoreEventValidator.Validate(e.EventType, e.Body).Message!)
            .ToList();

        Assert.Equal(12, good.Select(m => m.Event.StoreId).Distinct().Count());
        Assert.Equal(StoreEventCategories.All.Count, good.Select(m => m.Event.Category).Distinct().Count());
        Assert.InRange(good.Count(m => m.EventType == StoreEventTypes.Sale) / (double)good.Count, 0.55, 0.65);
        Assert.All(good, m => Assert.InRange(m.Event.Price, 1m, 200m));
        Assert.Contains(good, m => m.EventType == StoreEventTypes.Inventory && m.Event.Qty < 0);
        Assert.Contains(good, m => m.Event.Discount > 0);
        Assert.Contains(good, m => m.Event.PriorityShipping);
        Assert.Contains(good, m => m.Event.IsReturn);
    }

    [Fact]
    public void Every_event_has_a_unique_guid_id_that_is_also_its_request_id()
    {
        var events = Generate(2000, new() { Seed = 3, BadEventShare = 0 });

        Assert.Equal(2000, events.Select(e => e.Id).Distinct().Count());
        Assert.All(events, e =>
        {
            Assert.True(Guid.TryParse(e.Id, out var guid));
            Assert.Equal(4, guid.Version);
            Assert.Equal(e.Id, StoreEventValidator.Validate(e.EventType, e.Body).Message!.Event.RequestId);
        });
    }

    [Fact]
    public void Timestamps_lie_within_the_last_hour_with_microseconds()
    {
        foreach (var generated in Generate(500, new() { Seed = 5, BadEventShare = 0 }))
        {
            var ts = StoreEventValidator.Validate(generated.EventType, generated.Body).Message!.Event.Ts;
            Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$", ts);
            Assert.True(StoreEventTimestamp.TryParse(ts, out var when));
            Assert.InRange(when, FixedClock.GetUtcNow().AddHours(-1), FixedClock.GetUtcNow());
        }
    }

    [Fact]
    public void Summary_counts_like_the_reference_and_totals_only_good_sales()
    {
        var events = Generate(1000);

        var summary = StoreEventBatchSummary.Of(events);

        var goodSales = events.Where(e => !e.IsBad && e.EventType == StoreEventTypes.Sale)
            .Select(e => StoreEventValidator.Validate(e.EventType, e.Body).Message!.Event);
        Assert.Equal(1000, summary.TotalMessages);
        Assert.Equal(events.Count(e => e.IsBad), summary.BadMessages);
        Assert.Equal(events.Count(e => e.EventType == StoreEventTypes.Sale), summary.SaleEvents);
        Assert.Equal(1000 - summary.SaleEvents, summary.InventoryEvents);
        Assert.Equal(goodSales.Sum(e => e.Price * e.Qty), summary.TotalSales);
        Assert.True(summary.TotalSales > 0);
    }

    private sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
