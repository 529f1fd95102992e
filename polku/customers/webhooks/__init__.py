"""Webhooks from webshops: one module per platform turns its payloads into events."""
