namespace MLOps.Engine.Data;

/// <summary>What a column holds. <see cref="Text"/> columns (free text, identifiers) are not used as features.</summary>
public enum ColumnType { Number, Boolean, Category, Text }
