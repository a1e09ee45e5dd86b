using WaQup.Providers.Recognition.Embedded;

namespace WaQup.Silo.Hosting;

/// <summary>
/// Builds the recogniser's language model and loads its first decoder in the background once the node has started.
/// Where PocketSphinx is missing it says so once; utterances then get <c>provider_unavailable</c>.
/// </summary>
public sealed class RecognizerWarmUp(PocketSphinxRecognizer recognizer, ILogger<RecognizerWarmUp> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await recognizer.WarmUpAsync(stoppingToken);
        }
        catch (RecognitionSetupException missing)
        {
            logger.LogError(missing, "Speech recognition is unavailable on this node: {Reason}", missing.Message);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
