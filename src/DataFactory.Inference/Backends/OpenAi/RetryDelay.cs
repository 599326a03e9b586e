namespace DataFactory.Inference.Backends.OpenAi;

/// <summary>
/// Exponential backoff with jitter (half fixed, half random, so that many workers that failed together do not
/// come back together), or the server's Retry-After when it gives one, never beyond the maximum.
/// </summary>
internal static class RetryDelay
{
    public static TimeSpan For(int attempt, TimeSpan? retryAfter, OpenAiBackendOptions options, Random random)
    {
        var max = TimeSpan.FromMilliseconds(options.RetryMaxMilliseconds);
        if (retryAfter is { } after && after > TimeSpan.Zero)
        {
            return after < max ? after : max;
        }

        var exponential = options.RetryBaseMilliseconds * Math.Pow(2, Math.Min(attempt - 1, 30));
        var capped = Math.Min(exponential, options.RetryMaxMilliseconds);
        return TimeSpan.FromMilliseconds((capped / 2) + (random.NextDouble() * capped / 2));
    }
}
