# The GPU worker image: `datafactory` published self-contained with ONNX Runtime's CUDA build
# (-p:OnnxRuntimeFlavor=Gpu swaps Microsoft.ML.OnnxRuntime for Microsoft.ML.OnnxRuntime.Gpu.Linux) on
# NVIDIA's CUDA 12 + cuDNN 9 runtime, which that build needs. Build from the repository root:
#   docker build -f deploy/docker/worker-gpu.Dockerfile -t datafactory-worker-gpu .
# Run with the NVIDIA container toolkit (`--gpus 1`, or the compose `gpu` profile, or a Kubernetes
# node with the NVIDIA device plugin).
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/ src/
COPY migrations/ migrations/
COPY data/benchmarks/ data/benchmarks/
RUN dotnet publish src/DataFactory.Cli/DataFactory.Cli.csproj -c Release -r linux-x64 --self-contained true \
    -p:OnnxRuntimeFlavor=Gpu -o /app

FROM nvidia/cuda:12.8.1-cudnn-runtime-ubuntu24.04
# The .NET runtime comes with the self-contained app; it needs TLS and time zones from the system
# (globalization is invariant, so no ICU).
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates libssl3t64 tzdata \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 1654 --home-dir /app app
WORKDIR /app
COPY --from=build /app ./
COPY models/tiny-reasoner/ /app/models/tiny-reasoner/
ENV DATAFACTORY__MODEL__DIRECTORY=/app/models/tiny-reasoner \
    DATAFACTORY__MODEL__PROVIDER=cuda \
    DATAFACTORY__TELEMETRY__URLS=http://0.0.0.0:9464
EXPOSE 9464
USER 1654
ENTRYPOINT ["/app/datafactory"]
CMD ["worker"]
