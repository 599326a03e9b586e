using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DataFactory.Storage.Schema;

internal sealed class EvaluationConfiguration(string? jsonColumnType) : IEntityTypeConfiguration<EvaluationEntity>
{
    public void Configure(EntityTypeBuilder<EvaluationEntity> builder)
    {
        builder.ToTable("evaluations");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).ValueGeneratedNever();
        builder.Property(e => e.Source).HasMaxLength(1000);
        if (jsonColumnType is not null)
        {
            builder.Property(e => e.Settings).HasColumnType(jsonColumnType);
            builder.Property(e => e.Figures).HasColumnType(jsonColumnType);
        }

        builder.HasOne<ModelEntity>().WithMany().HasForeignKey(e => e.ModelId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(e => new { e.ModelId, e.CreatedAt });
    }
}
