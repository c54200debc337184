// Package tracing sets up optional OpenTelemetry tracing. It is off unless
// an OTLP endpoint is configured (--otel-endpoint, or the standard
// OTEL_EXPORTER_OTLP_ENDPOINT / OTEL_EXPORTER_OTLP_TRACES_ENDPOINT); then
// spans go over OTLP/HTTP, and incoming W3C traceparent headers are
// continued. The other standard OTEL_* variables (headers, service name,
// resource attributes, sampler) are honoured by the SDK.
package tracing

import (
	"context"
	"errors"
	"strings"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracehttp"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
)

// Config selects the exporter.
type Config struct {
	// Endpoint is an OTLP/HTTP endpoint URL (e.g. http://collector:4318);
	// empty: the OTEL_EXPORTER_OTLP_* environment decides.
	Endpoint string
	// Env looks up environment variables.
	Env func(string) (string, bool)
	// Version is reported as service.version.
	Version string
}

// Enabled reports whether an endpoint is configured.
func (c Config) Enabled() bool {
	if c.Endpoint != "" {
		return true
	}
	for _, k := range []string{"OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"} {
		if v, ok := c.Env(k); ok && v != "" {
			return true
		}
	}
	return false
}

// Setup installs the global tracer provider and propagator when tracing is
// enabled and returns the function that flushes and stops it (a no-op when
// disabled).
func Setup(ctx context.Context, c Config) (func(context.Context) error, error) {
	if !c.Enabled() {
		return func(context.Context) error { return nil }, nil
	}
	var opts []otlptracehttp.Option
	if c.Endpoint != "" {
		opts = append(opts, otlptracehttp.WithEndpointURL(c.Endpoint))
	}
	exp, err := otlptracehttp.New(ctx, opts...)
	if err != nil {
		return nil, err
	}
	res, err := resource.Merge(resource.Default(), resource.NewSchemaless(
		attribute.String("service.name", serviceName(c)),
		attribute.String("service.version", c.Version),
	))
	if err != nil && !errors.Is(err, resource.ErrSchemaURLConflict) {
		return nil, err
	}
	tp := sdktrace.NewTracerProvider(sdktrace.WithBatcher(exp), sdktrace.WithResource(res))
	otel.SetTracerProvider(tp)
	otel.SetTextMapPropagator(propagation.NewCompositeTextMapPropagator(propagation.TraceContext{}, propagation.Baggage{}))
	return tp.Shutdown, nil
}

func serviceName(c Config) string {
	if v, ok := c.Env("OTEL_SERVICE_NAME"); ok && strings.TrimSpace(v) != "" {
		return v
	}
	return "cockpit"
}
