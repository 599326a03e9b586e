using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace DataFactory.Storage.Schema;

internal sealed class ProblemSetConfiguration : IEntityTypeConfiguration<ProblemSetEntity>
{
    public void Configure(EntityTypeBuilder<ProblemSetEntity> builder)
    {
        builder.ToTable("problem_sets");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Name).HasMaxLength(200);
        builder.HasIndex(s => s.Name).IsUnique();
    }
}
