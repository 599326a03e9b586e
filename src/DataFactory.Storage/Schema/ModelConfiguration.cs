using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DataFactory.Storage.Schema;

internal sealed class ModelConfiguration(string? jsonColumnType) : IEntityTypeConfiguration<ModelEntity>
{
    public void Configure(EntityTypeBuilder<ModelEntity> builder)
    {
        builder.ToTable("models");
        builder.HasKey(m => m.Id);
        builder.Property(m => m.Id).ValueGeneratedNever();
        builder.Property(m => m.Name).HasMaxLength(400);
        builder.Property(m => m.Fingerprint).HasMaxLength(128);
        if (jsonColumnType is not null)
        {
            builder.Property(m => m.TrainedOnRuns).HasColumnType(jsonColumnType);
            builder.Property(m => m.Training).HasColumnType(jsonColumnType);
        }

        builder.HasIndex(m => m.Fingerprint).IsUnique();
        builder.HasOne<ModelEntity>().WithMany().HasForeignKey(m => m.ParentId).OnDelete(DeleteBehavior.Restrict);
    }
}
