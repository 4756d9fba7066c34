"""The public read-only API at /api/v1/: the open data's records (``opendata.public``),
queryable, paginated by cursor, JSON only, with an OpenAPI schema at /api/v1/schema/."""
