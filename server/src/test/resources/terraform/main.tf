# Every aws_cloudwatch_event_* resource Bridgekeeper serves, for TerraformIT: apply, plan (no
# changes), apply with stage = "v2", plan (no changes), destroy. The test passes the endpoint of an
# in-process server and the URL of a local OAuth token server; nothing here reaches the network.

terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "5.100.0"
    }
  }
}

variable "endpoint" {
  type = string
}

variable "token_url" {
  type = string
}

variable "stage" {
  type    = string
  default = "v1"
}

# The customer managed key part needs the KMS operations aws_kms_key reads (GetKeyPolicy,
# GetKeyRotationStatus, ...); TerraformIT turns it on when the server answers GetKeyPolicy.
variable "with_kms" {
  type    = bool
  default = false
}

locals {
  v2 = var.stage == "v2"
}

provider "aws" {
  region                      = "us-east-1"
  access_key                  = "test"
  secret_key                  = "test"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true

  endpoints {
    events = var.endpoint
    kms    = var.endpoint
    sts    = var.endpoint
  }
}

resource "aws_cloudwatch_event_connection" "basic" {
  name               = "tf-basic"
  description        = local.v2 ? "Basic, updated" : "Basic"
  authorization_type = "BASIC"
  auth_parameters {
    basic {
      username = "user"
      password = local.v2 ? "pa55-v2" : "pa55"
    }
    invocation_http_parameters {
      header {
        key   = "x-team"
        value = "payments"
      }
      header {
        key             = "x-secret"
        value           = "s3cret"
        is_value_secret = true
      }
    }
  }
}

resource "aws_cloudwatch_event_connection" "api_key" {
  name               = "tf-api-key"
  authorization_type = "API_KEY"
  auth_parameters {
    api_key {
      key   = "x-api-key"
      value = "k3y"
    }
  }
}

resource "aws_cloudwatch_event_connection" "oauth" {
  name               = "tf-oauth"
  authorization_type = "OAUTH_CLIENT_CREDENTIALS"
  auth_parameters {
    oauth {
      authorization_endpoint = var.token_url
      http_method            = "POST"
      client_parameters {
        client_id     = "client"
        client_secret = "s3cret"
      }
      oauth_http_parameters {
        body {
          key   = "scope"
          value = local.v2 ? "events.write" : "events"
        }
      }
    }
  }
}

resource "aws_kms_key" "connections" {
  count                   = var.with_kms ? 1 : 0
  description             = local.v2 ? "Connection secrets, updated" : "Connection secrets"
  deletion_window_in_days = 7
  tags = {
    EventBridgeApiDestinations = "true"
  }
}

resource "aws_kms_alias" "connections" {
  count         = var.with_kms ? 1 : 0
  name          = "alias/tf-connections"
  target_key_id = aws_kms_key.connections[0].key_id
}

resource "aws_cloudwatch_event_connection" "with_key" {
  count              = var.with_kms ? 1 : 0
  name               = "tf-with-key"
  authorization_type = "API_KEY"
  kms_key_identifier = aws_kms_alias.connections[0].arn
  auth_parameters {
    api_key {
      key   = "x-api-key"
      value = local.v2 ? "k3y-v2" : "k3y"
    }
  }
}

resource "aws_cloudwatch_event_api_destination" "orders" {
  name                             = "tf-orders"
  description                      = local.v2 ? "Orders, updated" : "Orders"
  invocation_endpoint              = "https://example.com/orders/*"
  http_method                      = "POST"
  invocation_rate_limit_per_second = local.v2 ? 20 : 10
  connection_arn                   = aws_cloudwatch_event_connection.oauth.arn
}

resource "aws_cloudwatch_event_bus" "orders" {
  name               = "tf-orders"
  description        = local.v2 ? "Orders bus, updated" : "Orders bus"
  kms_key_identifier = var.with_kms ? aws_kms_key.connections[0].arn : null
  dead_letter_config {
    arn = "arn:aws:sqs:us-east-1:000000000000:tf-orders-dlq"
  }
  tags = local.v2 ? {
    team  = "payments"
    stage = "v2"
  } : {
    team = "payments"
    cost = "42"
  }
}

resource "aws_cloudwatch_event_permission" "partner" {
  event_bus_name = aws_cloudwatch_event_bus.orders.name
  principal      = "111122223333"
  statement_id   = "partner"
}

resource "aws_cloudwatch_event_bus_policy" "default" {
  event_bus_name = "default"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "org"
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::444455556666:root" }
      Action    = "events:PutEvents"
      Resource  = "arn:aws:events:us-east-1:000000000000:event-bus/default"
    }]
  })
}

resource "aws_cloudwatch_event_rule" "placed" {
  name           = "tf-order-placed"
  description    = "Orders placed"
  event_bus_name = aws_cloudwatch_event_bus.orders.name
  event_pattern = jsonencode({
    source        = ["shop"]
    "detail-type" = local.v2 ? ["OrderPlaced", "OrderAmended"] : ["OrderPlaced"]
  })
  tags = {
    team = "payments"
  }
}

resource "aws_cloudwatch_event_rule" "hourly" {
  name                = "tf-hourly"
  schedule_expression = local.v2 ? "rate(2 hours)" : "rate(1 hour)"
  state               = local.v2 ? "DISABLED" : "ENABLED"
}

resource "aws_cloudwatch_event_target" "orders" {
  rule           = aws_cloudwatch_event_rule.placed.name
  event_bus_name = aws_cloudwatch_event_bus.orders.name
  target_id      = "orders-api"
  arn            = aws_cloudwatch_event_api_destination.orders.arn
  role_arn       = "arn:aws:iam::000000000000:role/events-invoke"

  http_target {
    path_parameter_values = ["placed"]
    header_parameters = {
      "x-source" = local.v2 ? "terraform-v2" : "terraform"
    }
    query_string_parameters = {
      "v" = "1"
    }
  }

  input_transformer {
    input_paths = {
      id   = "$.id"
      kind = "$.detail-type"
    }
    input_template = "{\"id\": <id>, \"kind\": <kind>, \"rule\": \"<aws.events.rule-name>\"}"
  }

  retry_policy {
    maximum_event_age_in_seconds = local.v2 ? 7200 : 3600
    maximum_retry_attempts       = 3
  }

  dead_letter_config {
    arn = "arn:aws:sqs:us-east-1:000000000000:tf-orders-dlq"
  }
}

resource "aws_cloudwatch_event_target" "hourly" {
  rule      = aws_cloudwatch_event_rule.hourly.name
  target_id = "hourly-api"
  arn       = aws_cloudwatch_event_api_destination.orders.arn
  role_arn  = "arn:aws:iam::000000000000:role/events-invoke"
  input     = jsonencode({ tick = true })

  http_target {
    path_parameter_values = ["tick"]
  }
}
