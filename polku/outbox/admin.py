from django.contrib import admin

from .models import OutboxEmail


@admin.register(OutboxEmail)
class OutboxEmailAdmin(admin.ModelAdmin):
    list_display = ["subject", "to", "organization", "status", "created_at"]
    list_filter = ["status"]
    search_fields = ["to", "subject"]
