package openapi

import (
	"context"
	"encoding/base64"

	"github.com/rampart-iam/rampart/internal/authz"
	"github.com/rampart-iam/rampart/internal/ram"
)

// mfa is the part of the RAM domain this file serves: virtual MFA devices.
type mfa interface {
	CreateVirtualMFADevice(context.Context, *authz.Caller, ram.CreateVirtualMFADeviceInput) (ram.NewVirtualMFADevice, error)
	ListVirtualMFADevices(context.Context, *authz.Caller, ram.Request) ([]ram.MFADevice, error)
	DeleteVirtualMFADevice(context.Context, *authz.Caller, ram.MFADeviceInput) error
	BindMFADevice(context.Context, *authz.Caller, ram.BindMFADeviceInput) error
	UnbindMFADevice(context.Context, *authz.Caller, ram.UserInput) (ram.MFADevice, error)
	GetUserMFAInfo(context.Context, *authz.Caller, ram.UserInput) (ram.MFADevice, error)
}

type wVirtualMFADevice struct {
	SerialNumber     string
	Base32StringSeed string `json:",omitempty" xml:",omitempty"` // CreateVirtualMFADevice only
	QRCodePNG        string `json:",omitempty" xml:",omitempty"` // base64 PNG, CreateVirtualMFADevice only
	ActivateDate     string `json:",omitempty" xml:",omitempty"`
	User             *wUser `json:",omitempty" xml:",omitempty"`
}

type wMFADevice struct {
	SerialNumber string
	Type         string `json:",omitempty" xml:",omitempty"`
}

type virtualMFADeviceResponse struct {
	meta
	VirtualMFADevice wVirtualMFADevice
}

type listVirtualMFADevicesResponse struct {
	meta
	VirtualMFADevices struct{ VirtualMFADevice []wVirtualMFADevice }
}

type mfaDeviceResponse struct {
	meta
	MFADevice wMFADevice
}

func respondMFADevice(d ram.MFADevice) response {
	return &mfaDeviceResponse{MFADevice: wMFADevice{SerialNumber: d.SerialNumber, Type: d.Type}}
}

func mfaActions() []action {
	return []action{
		{name: "CreateVirtualMFADevice", summary: "Create a virtual MFA device; its seed and QR code are shown once", write: true,
			handle: op(func(k *call) ram.CreateVirtualMFADeviceInput {
				return ram.CreateVirtualMFADeviceInput{RequestID: k.requestID, VirtualMFADeviceName: k.p.Required("VirtualMFADeviceName")}
			}, RAM.CreateVirtualMFADevice, func(d ram.NewVirtualMFADevice) response {
				return &virtualMFADeviceResponse{VirtualMFADevice: wVirtualMFADevice{SerialNumber: d.SerialNumber,
					Base32StringSeed: d.Base32StringSeed.Reveal(), QRCodePNG: base64.StdEncoding.EncodeToString(d.QRCodePNG)}}
			})},
		{name: "ListVirtualMFADevices", summary: "List virtual MFA devices and the users they are bound to",
			handle: op(func(k *call) ram.Request { return ram.Request{RequestID: k.requestID} }, RAM.ListVirtualMFADevices,
				func(ds []ram.MFADevice) response {
					r := &listVirtualMFADevicesResponse{}
					r.VirtualMFADevices.VirtualMFADevice = nonNil(mapList(ds, func(d ram.MFADevice) wVirtualMFADevice {
						w := wVirtualMFADevice{SerialNumber: d.SerialNumber, ActivateDate: wireTime(d.ActivateDate)}
						if d.User != nil {
							u := wireUser(*d.User)
							w.User = &u
						}
						return w
					}))
					return r
				})},
		{name: "DeleteVirtualMFADevice", summary: "Delete an unbound virtual MFA device", write: true,
			handle: exec(func(k *call) ram.MFADeviceInput {
				return ram.MFADeviceInput{RequestID: k.requestID, SerialNumber: k.p.Required("SerialNumber")}
			}, RAM.DeleteVirtualMFADevice)},
		{name: "BindMFADevice", summary: "Bind a virtual MFA device to a RAM user with two consecutive codes", write: true,
			handle: exec(func(k *call) ram.BindMFADeviceInput {
				return ram.BindMFADeviceInput{RequestID: k.requestID, UserName: k.p.Required("UserName"),
					SerialNumber: k.p.Required("SerialNumber"), AuthenticationCode1: k.p.Required("AuthenticationCode1"),
					AuthenticationCode2: k.p.Required("AuthenticationCode2")}
			}, RAM.BindMFADevice)},
		{name: "UnbindMFADevice", summary: "Unbind a RAM user's MFA device", write: true,
			handle: op(selfInput, RAM.UnbindMFADevice, respondMFADevice)},
		{name: "GetUserMFAInfo", summary: "Show the MFA device bound to a RAM user",
			handle: op(selfInput, RAM.GetUserMFAInfo, respondMFADevice)},
	}
}
