using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Polly;
using Polly.Retry;

namespace Sluice.Client;

/// <summary>
/// Every call to Sluice goes through here: retried while retrying can help (no answer, 408, 429, 500, 502, 503,
/// 504), after the server's Retry-After when it gives one and with exponential backoff and jitter otherwise, until
/// the options' deadline; every other error becomes its typed exception at once.
/// </summary>
internal sealed class SluiceHttp
{
    private static readonly HttpStatusCode[] Retryable =
    [
        HttpStatusCode.RequestTimeout, HttpStatusCode.TooManyRequests, HttpStatusCode.InternalServerError,
        HttpStatusCode.BadGateway, HttpStatusCode.ServiceUnavailable, HttpStatusCode.GatewayTimeout,
    ];

    /// <summary>The problem type of a request with more events than the tenant's per-minute limit.</summary>
    private const string BatchOverRateLimit = "urn:sluice:problem:batch-over-rate-limit";

    private readonly HttpClient _http;
    private readonly SluiceClientOptions _options;
    private int _rateLimit = int.MaxValue;
    private readonly ResiliencePipeline<HttpResponseMessage> _retries;

    public SluiceHttp(HttpClient http, SluiceClientOptions options)
    {
        _http = http;
        _options = options;
        _retries = new ResiliencePipelineBuilder<HttpResponseMessage>()
            .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                ShouldHandle = args => ValueTask.FromResult(args.Outcome switch
                {
                    { Exception: HttpRequestException } => true,
                    // HttpClient's own timeout; the deadline's cancellation is not retried.
                    { Exception: TaskCanceledException } => !args.Context.CancellationToken.IsCancellationRequested,
                    { Result: { } response } => Retryable.Contains(response.StatusCode),
                    _ => false,
                }),
                MaxRetryAttempts = int.MaxValue,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryBaseDelay,
                MaxDelay = options.MaxRetryDelay,
                DelayGenerator = args => ValueTask.FromResult(RetryAfter(args.Outcome.Result)),
                OnRetry = args =>
                {
                    var response = args.Outcome.Result;
                    options.OnRetry?.Invoke(new SluiceRetry(args.AttemptNumber + 1, (int?)response?.StatusCode ?? 0, args.RetryDelay, RetryAfter(response) is not null));
                    response?.Dispose();
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
    }

    /// <summary>
    /// Sends until a success or an error retrying cannot fix; <paramref name="request"/> builds each attempt afresh.
    /// A 404 is an answer only where <paramref name="notFoundIsAnswer"/> (reading one event that may not be in the log yet); anywhere else it is
    /// an error, never a confirmation.
    /// </summary>
    public async Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> request, int pending, CancellationToken cancellationToken, bool notFoundIsAnswer = false)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_options.Deadline);
        HttpResponseMessage response;
        try
        {
            response = await _retries.ExecuteAsync(async token =>
            {
                using var message = request();
                message.Headers.Authorization = new("Bearer", _options.ApiKey);
                var answer = await _http.SendAsync(message, token);
                Learn(answer);
                return answer;
            }, deadline.Token);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new SluiceGaveUpException($"Gave up after {_options.Deadline.TotalSeconds:0} s: the server kept answering that it was busy or unavailable, or did not answer.", pending, e);
        }

        if (response.IsSuccessStatusCode || (notFoundIsAnswer && response.StatusCode == HttpStatusCode.NotFound))
        {
            return response;
        }

        using (response)
        {
            var problem = await SluiceProblem.ReadAsync(response, cancellationToken);
            throw response.StatusCode switch
            {
                HttpStatusCode.Unauthorized => new SluiceAuthenticationException(problem),
                HttpStatusCode.Forbidden => new SluiceForbiddenException(problem),
                HttpStatusCode.RequestEntityTooLarge when problem.Type == BatchOverRateLimit => new SluiceBatchOverLimitException(problem),
                HttpStatusCode.RequestEntityTooLarge => new SluicePayloadTooLargeException(problem),
                HttpStatusCode.Conflict => new SluiceConflictException(problem),
                HttpStatusCode.BadRequest or HttpStatusCode.UnprocessableEntity or HttpStatusCode.UnsupportedMediaType => new SluiceRejectedException(problem),
                _ => new SluiceException($"Sluice answered {problem}", problem),
            };
        }
    }

    /// <summary>The most events one request may carry: the tenant's per-minute limit, once an answer has named it.</summary>
    public int MaxBatchEvents => Math.Min(EventBatches.MaxEvents, Volatile.Read(ref _rateLimit));

    /// <summary>Every ingest answer names the tenant's per-minute limit (<c>RateLimit-Limit</c>); batches are cut to it.</summary>
    private void Learn(HttpResponseMessage answer)
    {
        if (answer.Headers.TryGetValues("RateLimit-Limit", out var values)
            && int.TryParse(values.FirstOrDefault(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var limit) && limit > 0)
        {
            Volatile.Write(ref _rateLimit, limit);
        }
    }

    public async Task<T?> GetAsync<T>(string path, CancellationToken cancellationToken, bool notFoundIsAnswer = false)
    {
        // A read through the library asks what the log holds now: the server's last good answer, which it gives a
        // read storage is slow to answer, would come back without a way for the caller to see its age.
        using var response = await SendAsync(
            () => new HttpRequestMessage(HttpMethod.Get, path) { Headers = { CacheControl = new CacheControlHeaderValue { NoCache = true } } },
            0, cancellationToken, notFoundIsAnswer);
        return response.StatusCode == HttpStatusCode.NotFound ? default : await response.Content.ReadFromJsonAsync<T>(cancellationToken);
    }

    private static TimeSpan? RetryAfter(HttpResponseMessage? response) => response?.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - DateTimeOffset.UtcNow is var wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero,
        _ => null,
    };
}
