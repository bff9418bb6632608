# Bringing profiles that already exist in Workato under Terraform.
# 1. Find their ids: `terraform apply` with only the data source below prints them.
# 2. Declare each profile and an import block; `terraform plan` shows "1 to import".
# 3. `terraform apply`. Workato never returns secrets, so the first apply after an import sends
#    the secret from the configuration once (an in-place update); after that plans are empty.
terraform {
  required_version = ">= 1.11"
  required_providers {
    workato = {
      source = "workato-iac/workato"
    }
  }
}

provider "workato" {}

data "workato_custom_oauth_profiles" "all" {}

output "existing_profiles" {
  value = { for p in data.workato_custom_oauth_profiles.all.profiles : p.id => "${p.provider_name}: ${p.name}" }
}

variable "salesforce_client_secret" {
  type      = string
  sensitive = true
}

variable "salesforce_profile_id" {
  type        = string
  description = "The id of the existing profile, e.g. \"321\"."
}

import {
  to = workato_custom_oauth_profile.salesforce
  id = var.salesforce_profile_id
}

resource "workato_custom_oauth_profile" "salesforce" {
  name          = "Acme Salesforce OAuth app"
  provider_name = "salesforce"
  client_id     = "acme-salesforce-client-id"
  client_secret = var.salesforce_client_secret
}

# The same with the CLI instead of an import block:
#   terraform import workato_custom_oauth_profile.salesforce 321
