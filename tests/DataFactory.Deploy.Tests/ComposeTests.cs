namespace DataFactory.Deploy.Tests;

/// <summary>docker-compose.yml parses and describes the whole stack (no Docker engine runs in the tests).</summary>
public sealed class ComposeTests
{
    private static readonly Dictionary<object, object> Compose = Repo.YamlDocuments(Repo.Path("docker-compose.yml")).Single();

    private static Dictionary<object, object> Services => Repo.Map(Compose["services"], "services");

    [Fact]
    public void The_stack_has_broker_database_migrator_workers_prometheus_and_grafana()
    {
        Assert.Equal(
            ["cli", "grafana", "migrator", "postgres", "prometheus", "rabbitmq", "worker", "worker-gpu"],
            Services.Keys.Cast<string>().Order(StringComparer.Ordinal));
        Assert.Equal(["migrate"], Repo.List(Service("migrator")["command"], "migrator command").Cast<string>());
        Assert.Equal("no", Service("migrator")["restart"]);
        Assert.Equal(["worker"], Repo.List(Service("worker")["command"], "worker command").Cast<string>());
    }

    [Fact]
    public void Workers_start_after_the_migrator_succeeded_and_the_broker_is_healthy()
    {
        foreach (var name in new[] { "worker", "worker-gpu" })
        {
            var dependsOn = Repo.Map(Service(name)["depends_on"], name + " depends_on");
            Assert.Equal("service_completed_successfully", Repo.At(dependsOn, "migrator", "condition"));
            Assert.Equal("service_healthy", Repo.At(dependsOn, "rabbitmq", "condition"));
            Assert.Equal("http://0.0.0.0:9464", Repo.At(Service(name), "environment", "DATAFACTORY__TELEMETRY__URLS"));
        }

        Assert.Equal("${WORKERS:-2}", Repo.At(Service("worker"), "deploy", "replicas"));
        Assert.Null(Repo.At(Service("worker"), "container_name"));
    }

    [Fact]
    public void The_gpu_profile_runs_the_gpu_image_with_an_nvidia_device_reservation()
    {
        var gpu = Service("worker-gpu");
        Assert.Equal(["gpu"], Repo.List(gpu["profiles"], "profiles").Cast<string>());
        Assert.Equal("deploy/docker/worker-gpu.Dockerfile", Repo.At(gpu, "build", "dockerfile"));
        Assert.Equal("cuda", Repo.At(gpu, "environment", "DATAFACTORY__MODEL__PROVIDER"));
        var device = Repo.Map(Repo.List(Repo.At(gpu, "deploy", "resources", "reservations", "devices"), "devices").Single(), "device");
        Assert.Equal("nvidia", device["driver"]);
        Assert.Contains("gpu", Repo.List(device["capabilities"], "capabilities").Cast<string>());
        Assert.Null(Services.Keys.Cast<string>().Where(s => s != "worker-gpu").Select(s => Repo.At(Service(s), "deploy", "resources")).FirstOrDefault(r => r is not null));
    }

    [Fact]
    public void RabbitMQ_runs_the_management_and_prometheus_plugins()
    {
        var mounts = Repo.List(Service("rabbitmq")["volumes"], "rabbitmq volumes").Cast<string>().ToArray();
        Assert.Contains("./deploy/rabbitmq/enabled_plugins:/etc/rabbitmq/enabled_plugins:ro", mounts);
        var plugins = File.ReadAllText(Repo.Path("deploy", "rabbitmq", "enabled_plugins"));
        Assert.Contains("rabbitmq_management", plugins, StringComparison.Ordinal);
        Assert.Contains("rabbitmq_prometheus", plugins, StringComparison.Ordinal);
        Assert.Contains("prometheus.tcp.port = 15692", File.ReadAllText(Repo.Path("deploy", "rabbitmq", "rabbitmq.conf")), StringComparison.Ordinal);
    }

    [Fact]
    public void Every_bind_mount_and_dockerfile_exists_in_the_repository()
    {
        foreach (var (name, service) in Services.Select(s => ((string)s.Key, Repo.Map(s.Value, (string)s.Key))))
        {
            if (Repo.At(service, "build", "dockerfile") is string dockerfile)
            {
                Assert.True(File.Exists(Repo.Path(dockerfile)), $"{name}: {dockerfile} does not exist");
            }

            foreach (var mount in (service.TryGetValue("volumes", out var volumes) ? Repo.List(volumes, "volumes") : []).Cast<string>())
            {
                var source = mount.Split(':')[0];
                if (source.StartsWith("./", StringComparison.Ordinal) && source != "./out")
                {
                    Assert.True(File.Exists(Repo.Path(source[2..])) || Directory.Exists(Repo.Path(source[2..])), $"{name}: {source} does not exist");
                }
            }
        }
    }

    [Fact]
    public void Grafana_mounts_the_provisioning_and_the_dashboards_folder_its_provider_reads()
    {
        var mounts = Repo.List(Service("grafana")["volumes"], "grafana volumes").Cast<string>().ToArray();
        Assert.Contains("./deploy/grafana/provisioning:/etc/grafana/provisioning:ro", mounts);
        Assert.Contains("./deploy/grafana/dashboards:/var/lib/grafana/dashboards:ro", mounts);
        var provider = Repo.Map(Repo.List(Repo.YamlDocuments(Repo.Path("deploy", "grafana", "provisioning", "dashboards", "datafactory.yml")).Single()["providers"], "providers").Single(), "provider");
        Assert.Equal("/var/lib/grafana/dashboards", Repo.At(provider, "options", "path"));
        Assert.Equal("/var/lib/grafana/dashboards/datafactory.json", Repo.At(Service("grafana"), "environment", "GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH"));
    }

    private static Dictionary<object, object> Service(string name) => Repo.Map(Services[name], name);
}
