using DataFactory.Core.Problems;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DataFactory.Storage.Schema;

internal sealed class ProblemConfiguration(string? jsonColumnType) : IEntityTypeConfiguration<ProblemEntity>
{
    public void Configure(EntityTypeBuilder<ProblemEntity> builder)
    {
        builder.ToTable("problems");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.ExternalId).HasMaxLength(400);
        builder.Property(p => p.ContaminationBenchmark).HasMaxLength(200);
        builder.Property(p => p.ContaminationBenchmarkId).HasMaxLength(400);
        builder.Property(p => p.Kind)
            .HasConversion(kind => kind.ToName(), name => ColumnNames.ParseKind(name))
            .HasMaxLength(32);
        if (jsonColumnType is not null)
        {
            builder.Property(p => p.Metadata).HasColumnType(jsonColumnType);
        }

        builder.HasOne<ProblemSetEntity>().WithMany().HasForeignKey(p => p.SetId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(p => new { p.SetId, p.ExternalId }).IsUnique();
        builder.HasIndex(p => new { p.SetId, p.ContentHash }).IsUnique();
    }
}
