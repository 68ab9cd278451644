using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Options;
using Polly;

namespace ServiceDefaults.Resilience;

/// <summary>
/// Puts <see cref="ResilienceHandler"/> into every HttpClient made by the factory, outermost among its handlers.
/// One pipeline per client name, kept for the life of the service: the circuit breaker's memory must outlive the
/// factory's handler rotation.
/// </summary>
public static class HttpResilienceRegistration
{
    public static IServiceCollection AddHttpResilience(this IServiceCollection services)
    {
        services.AddHttpClient();
        services.AddOptions<HttpResilienceOptions>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHttpMessageHandlerBuilderFilter, ResilienceHandlerFilter>());
        return services;
    }

    /// <summary>A filter, not ConfigureHttpClientDefaults, because only a filter learns each client's name.</summary>
    private sealed class ResilienceHandlerFilter(IOptionsMonitor<HttpResilienceOptions> options) : IHttpMessageHandlerBuilderFilter
    {
        private readonly ConcurrentDictionary<string, ResiliencePipeline<HttpResponseMessage>> _pipelines = new();

        public Action<HttpMessageHandlerBuilder> Configure(Action<HttpMessageHandlerBuilder> next) => builder =>
        {
            next(builder);
            var name = builder.Name ?? Options.DefaultName;
            var pipeline = _pipelines.GetOrAdd(name, clientName => HttpResiliencePipeline.Create(options.Get(clientName)));
            builder.AdditionalHandlers.Insert(0, new ResilienceHandler(pipeline));
        };
    }
}
