namespace DataFactory.Worker.Hosting;

/// <summary>The engine once <see cref="EngineWarmup"/> has loaded it; read by the model health check.</summary>
internal sealed class EngineStatus
{
    private volatile EngineHost? _engine;

    /// <summary>The loaded engine, or null while the host is still starting.</summary>
    public EngineHost? Engine => _engine;

    public void Loaded(EngineHost engine) => _engine = engine;
}
