# The CPU worker image: `datafactory` on the ASP.NET Core runtime with ONNX Runtime's CPU build and
# the bundled model. Build from the repository root:
#   docker build -f deploy/docker/worker.Dockerfile -t datafactory-worker .
# The default command is `worker`; any other command runs instead (`migrate`, `import`, `run`, `status`).
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/ src/
COPY migrations/ migrations/
COPY data/benchmarks/ data/benchmarks/
RUN dotnet publish src/DataFactory.Cli/DataFactory.Cli.csproj -c Release -r linux-x64 --self-contained false \
    -p:OnnxRuntimeFlavor=Cpu -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app ./
COPY models/tiny-reasoner/ /app/models/tiny-reasoner/
ENV DATAFACTORY__MODEL__DIRECTORY=/app/models/tiny-reasoner \
    DATAFACTORY__MODEL__PROVIDER=cpu \
    DATAFACTORY__TELEMETRY__URLS=http://0.0.0.0:9464
EXPOSE 9464
USER $APP_UID
ENTRYPOINT ["dotnet", "/app/datafactory.dll"]
CMD ["worker"]
