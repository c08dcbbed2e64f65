import { Badge } from '@mantine/core';

const COLORS: Record<string, string> = { GREEN: 'green', YELLOW: 'yellow', RED: 'red' };
const WORDS: Record<string, string> = { GREEN: 'High', YELLOW: 'Medium', RED: 'Low', UNKNOWN: 'Not rated yet' };

/** Meta's quality rating of a template, in words (a low one is what gets a template paused). */
export function QualityBadge({ rating }: { rating: string }) {
  return (
    <Badge color={COLORS[rating] ?? 'gray'} variant="outline" size="sm" title={`Meta quality rating: ${rating}`}>
      Quality: {WORDS[rating] ?? rating}
    </Badge>
  );
}
