using Polly;

namespace ServiceDefaults.Resilience;

/// <summary>
/// Sends each request through a Polly pipeline (<see cref="HttpResiliencePipeline"/>). A request is sent again only
/// if its content can be read again (none, or buffered bytes); a streamed body gets one attempt, because resending a
/// half-read stream would send something else.
/// </summary>
public sealed class ResilienceHandler(ResiliencePipeline<HttpResponseMessage> pipeline) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Content is not (null or ByteArrayContent or ReadOnlyMemoryContent))
        {
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }

        return await pipeline.ExecuteAsync(
            static async (state, token) => await state.Handler.SendCore(state.Request, token).ConfigureAwait(false),
            (Handler: this, Request: request),
            cancellationToken).ConfigureAwait(false);
    }

    private Task<HttpResponseMessage> SendCore(HttpRequestMessage request, CancellationToken cancellationToken) =>
        base.SendAsync(request, cancellationToken);
}
