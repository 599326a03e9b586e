using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DataFactory.Storage.Schema;

internal sealed class RunConfiguration(string? jsonColumnType) : IEntityTypeConfiguration<RunEntity>
{
    public void Configure(EntityTypeBuilder<RunEntity> builder)
    {
        builder.ToTable("runs");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.Property(r => r.ModelName).HasMaxLength(400);
        builder.Property(r => r.ModelHash).HasMaxLength(128);
        builder.Property(r => r.Strategy).HasMaxLength(64);
        builder.Property(r => r.LabelSearch).HasMaxLength(16);
        builder.Property(r => r.Status)
            .HasConversion(state => ColumnNames.Of(state), name => ColumnNames.ParseRunState(name))
            .HasMaxLength(16);
        if (jsonColumnType is not null)
        {
            builder.Property(r => r.Sampling).HasColumnType(jsonColumnType);
        }

        builder.HasOne<ProblemSetEntity>().WithMany().HasForeignKey(r => r.SetId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<ModelEntity>().WithMany().HasForeignKey(r => r.ModelId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(r => r.SetId);
        builder.HasIndex(r => r.CreatedAt);
    }
}
