# Plain HCL: two custom OAuth profiles and the data sources. The provider reads its token from
# WORKATO_API_TOKEN; secrets come from sensitive variables (TF_VAR_... in CI), never from code.
terraform {
  required_version = ">= 1.11"
  required_providers {
    workato = {
      source = "workato-iac/workato"
    }
  }
}

provider "workato" {
  data_center = "us" # or eu, jp, sg, au, il, trial; base_url for a private deployment or the emulator
}

variable "hubspot_client_secret" {
  type      = string
  sensitive = true
}

# Ephemeral + write-only: the Slack secrets reach Workato but are never stored in plan or state.
variable "slack_client_secret" {
  type      = string
  sensitive = true
  ephemeral = true
}

variable "slack_token" {
  type      = string
  sensitive = true
  ephemeral = true
}

resource "workato_custom_oauth_profile" "hubspot" {
  name          = "Acme HubSpot OAuth app"
  provider_name = "hubspot"
  client_id     = "acme-hubspot-client-id"
  client_secret = var.hubspot_client_secret
}

resource "workato_custom_oauth_profile" "slack" {
  name                     = "Acme Slack OAuth app"
  provider_name            = "slack"
  client_id                = "acme-slack-client-id"
  client_secret_wo         = var.slack_client_secret
  client_secret_wo_version = 1 # bump to send a rotated secret
  token_wo                 = var.slack_token
  token_wo_version         = 1
}

data "workato_custom_oauth_profiles" "slack" {
  provider_name = "slack"
  depends_on    = [workato_custom_oauth_profile.slack]
}

output "hubspot_profile_id" {
  value = workato_custom_oauth_profile.hubspot.id
}

output "slack_profile_ids" {
  value = data.workato_custom_oauth_profiles.slack.profiles[*].id
}
