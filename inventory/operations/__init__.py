"""Operations: bulk import from donors, stock-taking, exports, reports and backups."""
